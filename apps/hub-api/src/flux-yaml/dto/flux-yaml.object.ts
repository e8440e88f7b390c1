import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PlacementObject } from '../../kustomizations/dto/kustomization.object.js';

@ObjectType('FluxYamlProblem', { description: 'Why one document of an import cannot be imported: its position, the field at fault and the reason.' })
export class FluxYamlProblemObject {
  @Field(() => Int, { description: '1-based position of the document in the text.' }) document!: number;
  @Field(() => Int, { description: '1-based line of the field at fault (of the document when no field is).' }) line!: number;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'Dotted path in the document, e.g. `spec.interval`.' }) field!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType('FluxYamlImportObject', { description: 'One hub object an import creates or updates, with its placement (Kustomizations).' })
export class FluxYamlImportObjectObject {
  @Field(() => String) kind!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: '`create` or `update`.' }) action!: 'create' | 'update';
  @Field(() => Int) document!: number;
  @Field(() => PlacementObject, { nullable: true }) placement!: PlacementObject | null;
  @Field(() => [String], {
    description:
      'What the hub does with this object differently from Flux, e.g. a Secret named by secretRef that the hub does not read (a new Provider’s credentials and a new Receiver’s token are set at the hub).',
  })
  notes!: string[];
}

@ObjectType('FluxYamlImport', {
  description:
    'The result of importFluxYaml: the objects of the text and the problems of its documents. Nothing is written when there is any problem or with dryRun; otherwise every object is created or updated.',
})
export class FluxYamlImportResultObject {
  @Field(() => [FluxYamlImportObjectObject]) objects!: FluxYamlImportObjectObject[];
  @Field(() => [FluxYamlProblemObject]) problems!: FluxYamlProblemObject[];
  @Field(() => Boolean, { description: 'Whether the objects were written.' }) applied!: boolean;
}
